# expect: wrong_answer
# feedback: should be a SimpleRNN
from tensorflow.keras.layers import GRU
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(GRU(4, input_shape=(3, 2)))
