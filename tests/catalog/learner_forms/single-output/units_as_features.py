# expect: wrong_answer
# feedback: has 2 units
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(2, input_shape=(3, 2)))
