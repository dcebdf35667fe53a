# expect: wrong_answer
# feedback: should be a GRU
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(3, 2))])
